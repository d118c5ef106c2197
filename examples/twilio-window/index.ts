import { twilioWindow } from "./program";

export = twilioWindow();
