// Sizes exactly as the SDK's local-filesystem memory tool prints them in `view` listings.
const UNITS = ["B", "K", "M", "G"];

export function humanSize(bytes: number): string {
  if (bytes === 0) return "0B";
  const i = Math.floor(Math.log(bytes) / Math.log(1024));
  const size = bytes / Math.pow(1024, i);
  return (size % 1 === 0 ? size.toString() : size.toFixed(1)) + UNITS[i];
}
