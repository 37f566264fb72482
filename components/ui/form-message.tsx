import { Alert } from "./alert";

/** The outcome of a form or an action: an announced success (`role="status"`) or error (`role="alert"`). */
export function FormMessage({ message, className }: { message: { kind: "error" | "success"; text: string } | null; className?: string }) {
  if (!message) return null;
  return (
    <Alert variant={message.kind === "error" ? "destructive" : "success"} className={className}>
      {message.text}
    </Alert>
  );
}
