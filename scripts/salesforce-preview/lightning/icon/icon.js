// Icon helpers for the preview stand-ins: "custom:custom17" → the SLDS sprite symbol and its colour class.
export function iconHref(name) {
  const [category, icon] = String(name ?? "").split(":");
  return `/slds/icons/${category}-sprite/svg/symbols.svg#${icon}`;
}

export function iconClass(name) {
  const [category, icon] = String(name ?? "").split(":");
  return `slds-icon_container slds-icon-${category}-${String(icon).replace(/_/g, "-")}`;
}
