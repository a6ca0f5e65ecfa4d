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

// huiyuanWhere is the WHERE clause (with its arguments) for the pushable part of a filter, or "".
func huiyuanWhere(filter *types.Document) (string, []any) {
	var conditions []string
	var args []any

	for _, key := range filter.Keys() {
		if key == "" || strings.HasPrefix(key, "$") || strings.ContainsRune(key, '.') {
			continue
		}

		values := huiyuanValues(must.NotFail(filter.Get(key)), true)
		if len(values) == 0 {
			continue
		}

		field := metadata.DefaultColumn + "->'" + strings.ReplaceAll(key, "'", "''") + "'"
		condition := field + " IN (" + strings.TrimSuffix(strings.Repeat("?, ", len(values)), ", ") + ")"

		if key != "_id" { // an _id is never an array
			condition = "(" + condition + " OR (" + field + " >= '[' AND " + field + " < '\\'))"
		}

		conditions = append(conditions, condition)
		args = append(args, values...)
	}

	if len(conditions) == 0 {
		return "", nil
	}

	return " WHERE " + strings.Join(conditions, " AND "), args
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
