// Huiyuan's addition to FerretDB v1.24 (copied into internal/backends/sqlite by src/infra/ferretdb.ts).
//
// FerretDB's SQLite backend pushed nothing down but a filter that is exactly {_id: v}: every other find,
// count, update and delete read the whole table and filtered it in Go, although the indexes exist (built
// on _ferretdb_sjson->"field"). Here every top-level field compared by equality or $in with strings or
// ObjectIDs becomes a condition on that same expression, which SQLite serves from the index. The JSON text
// of a value is compared, as FerretDB's own _id lookup does. An array that may hold the value (MongoDB's
// {tags: "vip"}) is kept too: its JSON text starts with '[', the range ['[', '\') of the same index.
// FerretDB filters every fetched document again in Go, so the pushdown only has to keep every match.

package sqlite

import (
	"strings"

	"github.com/FerretDB/FerretDB/internal/backends/sqlite/metadata"
	"github.com/FerretDB/FerretDB/internal/handler/sjson"
	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/must"
)

// huiyuanCondition is one field's part of a pushed-down filter: its scalar values, and the range of its
// index where arrays are kept ("" for _id, never an array).
type huiyuanCondition struct {
	scalar string
	array  string
	args   []any
}

// either is the field's whole condition: one of its values, or an array that may hold one.
func (c huiyuanCondition) either() string {
	if c.array == "" {
		return c.scalar
	}

	return "(" + c.scalar + " OR " + c.array + ")"
}

// huiyuanWhere is the WHERE clause (with its arguments) for the pushable part of a filter, or "".
//
// One field: its values or its array range. Several: not the plain AND of each field's (values OR array),
// because SQLite serves an OR from one index only, so it picked one field's index and filtered the rest;
// without statistics it chose {day: two days} over {kind: …} and read a whole import day (200,000 entries,
// 3.8 s) for the 300 it wanted. The same condition is written as: every field by its values (what a
// compound index serves whole; 0.5 ms there), or one field an array and the others as before, a branch for
// each field, each served by that field's array range. Equivalent, and linear in the number of fields.
func huiyuanWhere(filter *types.Document) (string, []any) {
	var conditions []huiyuanCondition

	for _, key := range filter.Keys() {
		if key == "" || strings.HasPrefix(key, "$") || strings.ContainsRune(key, '.') {
			continue
		}

		values := huiyuanValues(must.NotFail(filter.Get(key)), true)
		if len(values) == 0 {
			continue
		}

		field := metadata.DefaultColumn + "->'" + strings.ReplaceAll(key, "'", "''") + "'"
		c := huiyuanCondition{
			scalar: field + " IN (" + strings.TrimSuffix(strings.Repeat("?, ", len(values)), ", ") + ")",
			args:   values,
		}

		if key != "_id" { // an _id is never an array
			c.array = "(" + field + " >= '[' AND " + field + " < '\\')"
		}

		conditions = append(conditions, c)
	}

	switch len(conditions) {
	case 0:
		return "", nil
	case 1:
		return " WHERE " + conditions[0].either(), conditions[0].args
	}

	var scalars, branches []string
	var args []any

	for _, c := range conditions {
		scalars = append(scalars, c.scalar)
		args = append(args, c.args...)
	}

	branches = append(branches, "("+strings.Join(scalars, " AND ")+")")

	for i, c := range conditions {
		if c.array == "" {
			continue
		}

		branch := []string{c.array}

		for j, other := range conditions {
			if j != i {
				branch = append(branch, other.either())
				args = append(args, other.args...)
			}
		}

		branches = append(branches, "("+strings.Join(branch, " AND ")+")")
	}

	return " WHERE " + strings.Join(branches, " OR "), args
}

// huiyuanValues is the JSON text of the values a field must equal: v itself, {$eq: v} or {$in: [...]}
// (operators only at the top), or nil when any of them is not a string or ObjectID.
func huiyuanValues(v any, operators bool) []any {
	switch v := v.(type) {
	case string, types.ObjectID:
		return []any{string(must.NotFail(sjson.MarshalSingleValue(v)))}

	case *types.Document:
		if !operators || v.Len() != 1 {
			return nil
		}

		if eq, err := v.Get("$eq"); err == nil {
			return huiyuanValues(eq, false)
		}

		in, err := v.Get("$in")
		if err != nil {
			return nil
		}

		values, ok := in.(*types.Array)
		if !ok || values.Len() == 0 {
			return nil
		}

		var all []any

		for i := 0; i < values.Len(); i++ {
			one := huiyuanValues(must.NotFail(values.Get(i)), false)
			if one == nil {
				return nil
			}

			all = append(all, one...)
		}

		return all
	}

	return nil
}
