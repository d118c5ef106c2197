// Pulumi entry point: run with `pulumi up` from a directory whose Pulumi.yaml points here.
import { quickstart } from "./program";

export = quickstart();
