// Huiyuan's addition to FerretDB v1.24 (copied into internal/backends/postgresql by src/infra/ferretdb.ts).
//
// FerretDB creates a field's index as a btree on (_jsonb->'field') but pushed {field: v} down as
// _jsonb->$1 @> $2: containment, with the key as a parameter. A btree serves neither, so every filter
// scanned the whole table. Here equality and $in on a top-level field are written on the index's own
// expression, with `=`/IN, which the index serves. Containment also matched an array holding v (MongoDB's
// {tags: "vip"}), so the condition keeps every non-empty array too: jsonb orders all of them after true
// and before {} (https://www.postgresql.org/docs/current/datatype-json.html#JSON-INDEXING), a range the
// same index serves. FerretDB filters every fetched document again in Go, so the pushdown only has to keep
// every match; it does.

package postgresql

import (
	"fmt"
	"strings"
	"time"

	"github.com/FerretDB/FerretDB/internal/backends/postgresql/metadata"
	"github.com/FerretDB/FerretDB/internal/handler/sjson"
	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/must"
)

// huiyuanField is the expression FerretDB builds a top-level field's index on; the key is a literal so
// the planner can match it to the index (a parameter could not be matched in a generic plan).
func huiyuanField(key string) string {
	return fmt.Sprintf("%s->'%s'", metadata.DefaultColumn, strings.ReplaceAll(key, "'", "''"))
}

// huiyuanPushable says whether a value can be compared in SQL: PostgreSQL's jsonb refuses a string holding
// U+0000 (the query would fail), so such a filter is left to FerretDB's Go filter, as before.
func huiyuanPushable(v any) bool {
	s, ok := v.(string)
	return !ok || !strings.ContainsRune(s, 0)
}

// huiyuanEqualOrInArray keeps documents whose field is one of the next n placeholders' values, or an
// array that may hold one.
func huiyuanEqualOrInArray(p *metadata.Placeholder, key string, n int) string {
	field := huiyuanField(key)
	placeholders := make([]string, n)

	for i := range placeholders {
		placeholders[i] = p.Next()
	}

	equal := fmt.Sprintf("%s IN (%s)", field, strings.Join(placeholders, ", "))
	if key == "_id" {
		return equal // an _id is never an array
	}

	return fmt.Sprintf("(%s OR (%s > 'true'::jsonb AND %s < '{}'::jsonb))", equal, field, field)
}

// huiyuanIn pushes {field: {$in: [...]}} down when every value is a string, ObjectID or date.
func huiyuanIn(p *metadata.Placeholder, key string, v any) (string, []any) {
	values, ok := v.(*types.Array)
	if !ok || values.Len() == 0 {
		return "", nil
	}

	args := make([]any, 0, values.Len())

	for i := 0; i < values.Len(); i++ {
		switch e := must.NotFail(values.Get(i)).(type) {
		case string, types.ObjectID, time.Time:
			if !huiyuanPushable(e) {
				return "", nil
			}

			args = append(args, string(must.NotFail(sjson.MarshalSingleValue(e))))
		default:
			return "", nil
		}
	}

	return huiyuanEqualOrInArray(p, key, len(args)), args
}
