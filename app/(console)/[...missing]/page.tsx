import { notFound } from "next/navigation";

// Any path no console page claims: a 404 inside the app shell (the root not-found page has no shell).
export default function MissingPage() {
  notFound();
}
