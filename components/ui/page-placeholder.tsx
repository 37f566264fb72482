/** A section whose data arrives with a later part of the product; rendered inside the real layout. */
export function PagePlaceholder({ title, description }: { title: string; description: string }) {
  return (
    <>
      <h1>{title}</h1>
      <div className="empty">
        <p>Nothing here yet.</p>
        <p>{description}</p>
      </div>
    </>
  );
}
