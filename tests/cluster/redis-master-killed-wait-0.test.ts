/**
 * A Redis Cluster master killed with SIGKILL, REDIS_WAIT_REPLICAS=0 (tests/cluster/master-crash.ts;
 * the other setting has a file of its own, so that the two run side by side).
 */
import { describeMasterCrash } from "./master-crash.js";

describeMasterCrash(0);
