// Tiny DOM helpers: the page is built with createElement, never innerHTML with data.

export const $ = (sel) => document.querySelector(sel);

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "dataset") Object.assign(node.dataset, v);
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false && c !== "") node.append(c);
  return node;
}

// Han characters: a text with any is Chinese (for `lang` attributes on notes and quotes).
export const isChinese = (s) => /[\u3400-\u9fff]/.test(String(s || ""));
