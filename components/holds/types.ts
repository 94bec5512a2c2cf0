export type { WireHold as Hold } from "@/server/api/routes/holds";
