// CSV (RFC 4180) for downloads made in the page: every field quoted, quotes doubled, CRLF line ends. A field
// that a spreadsheet would read as a formula (= + - @ at the start) gets a leading apostrophe.

const cell = (v) => {
  const s = v === null || v === undefined ? '' : String(v);
  const safe = /^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?(e-?\d+)?$/i.test(s) ? `'${s}` : s;
  return `"${safe.replace(/"/g, '""')}"`;
};

/** `columns`: [key, header] pairs; `rows`: objects. */
export function toCsv(columns, rows) {
  const lines = [columns.map(([, header]) => cell(header)).join(',')];
  for (const r of rows) lines.push(columns.map(([key]) => cell(r[key])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** Saves `text` as a file through a temporary object URL (no server round trip). */
export function download(filename, text, type = 'text/csv;charset=utf-8') {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
