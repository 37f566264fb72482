"use client";

import { useEffect } from "react";

const FOCUSABLE = "button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [role=combobox]:not([disabled])";

/**
 * When the URL's hash names an element marked `data-hash-target` (a fix link
 * such as `#ship-via-123`), scrolls it into the middle of the screen, marks it
 * `data-highlight="true"` for a few seconds and moves focus to its first
 * control, so the person lands on the exact setting to change.
 */
export function HashHighlight() {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let observer: MutationObserver | undefined;
    const focusIn = (el: HTMLElement) => {
      const control = el.querySelector<HTMLElement>(FOCUSABLE);
      if (control) return void control.focus({ preventScroll: true });
      // The control may still be loading (a picker waiting for Acumatica's list): focus it when it arrives,
      // unless the person has moved on meanwhile.
      observer = new MutationObserver(() => {
        const ready = el.querySelector<HTMLElement>(FOCUSABLE);
        if (!ready) return;
        observer?.disconnect();
        if (document.activeElement === document.body || document.activeElement === null) ready.focus({ preventScroll: true });
      });
      observer.observe(el, { subtree: true, childList: true, attributes: true, attributeFilter: ["disabled"] });
    };
    const show = () => {
      const id = decodeURIComponent(window.location.hash.slice(1));
      if (!id) return;
      const el = document.getElementById(id);
      if (!el || !el.hasAttribute("data-hash-target")) return;
      observer?.disconnect();
      el.scrollIntoView({ block: "center" });
      el.setAttribute("data-highlight", "true");
      focusIn(el);
      clearTimeout(timer);
      timer = setTimeout(() => {
        el.removeAttribute("data-highlight");
        observer?.disconnect();
      }, 6_000);
    };
    show();
    window.addEventListener("hashchange", show);
    return () => {
      window.removeEventListener("hashchange", show);
      clearTimeout(timer);
      observer?.disconnect();
    };
  }, []);
  return null;
}
