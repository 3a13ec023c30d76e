// Progressive enhancement of a table marked `data-sortable`: each column heading becomes a
// button that sorts the rows by that column (again: the other way). Without this script the
// table is read as it is, in the order the page gives. A cell's `data-sort`, when present, is
// the key it sorts by (an ISO date, a padded number); otherwise its text.
"use strict";

function sortKey(row, column) {
  const cell = row.cells[column];
  if (!cell) return "";
  return cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent.trim();
}

function enhance(table) {
  const headings = [...table.tHead.rows[0].cells];
  const body = table.tBodies[0];
  const label = table.dataset.sortLabel || "{column}";
  headings.forEach((heading, column) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "sort-button";
    button.textContent = heading.textContent;
    button.setAttribute("aria-label", label.replace("{column}", heading.textContent.trim()));
    heading.textContent = "";
    heading.append(button);
    button.addEventListener("click", () => {
      const ascending = heading.getAttribute("aria-sort") !== "ascending";
      headings.forEach((h) => h.removeAttribute("aria-sort"));
      heading.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      const rows = [...body.rows];
      const collator = new Intl.Collator(document.documentElement.lang || undefined, { numeric: true });
      rows.sort((a, b) => collator.compare(sortKey(a, column), sortKey(b, column)) * (ascending ? 1 : -1));
      body.append(...rows);
    });
  });
}

document.querySelectorAll("table[data-sortable]").forEach(enhance);
