import { NotFoundPanel } from "@/components/ui/not-found-panel";

/** Outside the console layout (e.g. signed out): the same message, without the shell. */
export default function NotFound() {
  return (
    <main id="main" style={{ padding: 32 }}>
      <NotFoundPanel />
    </main>
  );
}
