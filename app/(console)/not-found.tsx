import { NotFoundPanel } from "@/components/ui/not-found-panel";

/** Inside the app shell: unknown console paths and notFound() from any console page. */
export default function ConsoleNotFound() {
  return <NotFoundPanel />;
}
