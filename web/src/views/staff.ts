// The staff console ("Petugas"): a lazy chunk of its own (main.ts imports it on demand), so a citizen's
// first load never carries it. The pieces live in views/staff/; the agency admin's staff pages come along.
import './staff/en';
export { tasks } from './staff/queue';
export { staffApplication } from './staff/application';
export { measuresPage } from './staff/measures';
export { auditPage } from './staff/audit';
export { queuesPage } from './staff/queues';
export { treasuryPage } from './staff/treasury';
export { addStaff, catalogueWorklist, staffList } from './admin';
