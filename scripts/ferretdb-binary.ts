// Prints the path of a working FerretDB v1.24 binary, building it with Go first if there is none.
import { buildFerretDB, findFerretBinary } from '../src/infra/ferretdb.js';

const found = await findFerretBinary();
const binary = found ?? (await buildFerretDB((line) => console.error(line)));
console.log(binary);
