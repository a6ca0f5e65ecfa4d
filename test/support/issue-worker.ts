// A second process that issues coupons to one member at the same time as the service does, for the
// wallet test. argv: mongoUri dbName templateId memberId count; prints the SNs it issued as JSON.
import { Types } from 'mongoose';
import { connectDatabase, disconnectDatabase } from '../../src/infra/database.js';
import { issueCoupons } from '../../src/domain/coupons/coupon-service.js';

const [uri, dbName, templateId, memberId, count] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
];
await connectDatabase(uri, dbName);
const issued = await Promise.all(
  Array.from({ length: Number(count) }, () => issueCoupons(templateId, 1, new Types.ObjectId(memberId))),
);
console.log(JSON.stringify(issued.flat().map((c) => c._id)));
await disconnectDatabase();
