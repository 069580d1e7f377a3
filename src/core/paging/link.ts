/**
 * RFC 8288 `Link` headers, read for page numbers only: no request ever goes to a URL a server wrote
 * there, so a page never leaves the client's base URL.
 */

/** The page numbers a `Link` header offers; its URLs themselves are never requested. */
export interface PageLinks {
  next?: number;
  last?: number;
}

/**
 * Reads the page numbers out of an RFC 8288 `Link` header. Only the `page` query parameter of
 * each link is used: the scheme, host and path the server wrote are ignored (behind a proxy they
 * can be wrong, and a hostile server could point them anywhere).
 */
export function parseLinkHeader(header: string | null): PageLinks | null {
  if (header === null) return null;
  const links: PageLinks = {};
  for (const match of header.matchAll(/<([^>]*)>((?:\s*;\s*[^;,]*)*)/g)) {
    const rels = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(match[2] ?? '');
    const page = pageNumberOf(match[1] ?? '');
    for (const rel of (rels?.[1] ?? rels?.[2] ?? '').toLowerCase().split(/\s+/)) {
      if ((rel === 'next' || rel === 'last') && page !== undefined) links[rel] = page;
    }
  }
  return links;
}

function pageNumberOf(url: string): number | undefined {
  let raw: string | null;
  try {
    raw = new URL(url, 'http://link.invalid').searchParams.get('page');
  } catch {
    return undefined;
  }
  // Django leaves `page` out of the link to page 1.
  if (raw === null) return 1;
  return /^\d{1,9}$/.test(raw) && Number(raw) >= 1 ? Number(raw) : undefined;
}
