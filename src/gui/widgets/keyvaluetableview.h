#pragma once

class KeyValueTableModel;
class QTableView;

// How every name/value table looks and behaves (the composer's headers, query and form,
// an endpoint profile's headers, a collection's variables): the enabled check and the name
// on the left, the value stretched, every cell editable at a keystroke, and Delete or
// Backspace removing the selected rows.
namespace KeyValueTableView {
void setUp(QTableView *view, KeyValueTableModel *model);
// For a Remove button beside a table: what Delete does.
void removeSelectedRows(QTableView *view, KeyValueTableModel *model);
} // namespace KeyValueTableView
