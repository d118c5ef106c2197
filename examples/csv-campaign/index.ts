import { csvCampaign } from "./program";

export = csvCampaign();
