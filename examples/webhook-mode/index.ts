import { webhookMode } from "./program";

export = webhookMode();
