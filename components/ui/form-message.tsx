export function FormMessage({ message }: { message: { kind: "error" | "success"; text: string } | null }) {
  if (!message) return null;
  return (
    <div role={message.kind === "error" ? "alert" : "status"} className={`notice ${message.kind}`}>
      {message.text}
    </div>
  );
}
