"use client";

import { useEffect, useId, useState } from "react";
import { Input } from "./input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "./select";

const ALL = "__all__";

/** A labelled select above a table; `value` undefined means "any". */
export function FilterSelect({
  label,
  value,
  onChange,
  options,
  anyLabel,
  className,
}: {
  label: string;
  value: string | undefined;
  onChange: (value: string | undefined) => void;
  options: ReadonlyArray<{ value: string; label: string }>;
  anyLabel: string;
  className?: string;
}) {
  const id = useId();
  return (
    <div className={className ?? "grid w-[calc(50%-0.25rem)] gap-1 sm:w-44"}>
      <label htmlFor={id} className="text-xs font-medium text-muted-foreground">
        {label}
      </label>
      <Select value={value ?? ALL} onValueChange={(v) => onChange(v === ALL ? undefined : v)}>
        <SelectTrigger id={id} size="sm">
          <SelectValue />
        </SelectTrigger>
        <SelectContent>
          <SelectItem value={ALL}>{anyLabel}</SelectItem>
          {options.map((o) => (
            <SelectItem key={o.value} value={o.value}>
              {o.label}
            </SelectItem>
          ))}
        </SelectContent>
      </Select>
    </div>
  );
}

/** A labelled search box that applies its text 300 ms after the last keystroke. */
export function FilterSearch({
  label,
  value,
  onChange,
  placeholder,
  className,
}: {
  label: string;
  value: string | undefined;
  onChange: (value: string | undefined) => void;
  placeholder?: string;
  className?: string;
}) {
  const id = useId();
  const current = value ?? "";
  const [text, setText] = useState(current);
  // The value can also change from outside (back button, Clear filters): follow it.
  const [applied, setApplied] = useState(current);
  if (current !== applied) {
    setApplied(current);
    setText(current);
  }
  useEffect(() => {
    if (text.trim() === current) return;
    const timer = setTimeout(() => onChange(text.trim() || undefined), 300);
    return () => clearTimeout(timer);
  }, [text, current, onChange]);
  return (
    <div className={className ?? "grid w-full gap-1 sm:w-72"}>
      <label htmlFor={id} className="text-xs font-medium text-muted-foreground">
        {label}
      </label>
      <Input id={id} type="search" value={text} placeholder={placeholder} onChange={(e) => setText(e.target.value)} className="h-8" />
    </div>
  );
}

/** A labelled date input (YYYY-MM-DD) applied on change. */
export function FilterDate({ label, value, onChange, className }: { label: string; value: string | undefined; onChange: (value: string | undefined) => void; className?: string }) {
  const id = useId();
  return (
    <div className={className ?? "grid w-[calc(50%-0.25rem)] gap-1 sm:w-40"}>
      <label htmlFor={id} className="text-xs font-medium text-muted-foreground">
        {label}
      </label>
      <Input id={id} type="date" value={value ?? ""} onChange={(e) => onChange(e.target.value || undefined)} className="h-8" />
    </div>
  );
}
