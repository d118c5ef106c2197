// Declares nothing: the CLI floor for the scale section of `npm run bench`.
require("@pulumi/pulumi");
