#include "parse.h"

void add_line(pqxx::connection &c, long order, const std::string &qty) {
  pqxx::work w(c);
  w.exec_params0("UPDATE orders SET lines = lines + 1 WHERE id = $1", order);
  {
    pqxx::subtransaction note(w, "note");
    int quantity = parse_quantity(qty);
    note.exec_params0("INSERT INTO notes VALUES ($1, $2)", order, quantity);
    note.commit();
  }
  w.commit();
}

long place(pqxx::connection &c, long order, const std::string &qty) {
  pqxx::work w(c);
  w.exec_params0("UPDATE orders SET state = 'placed' WHERE id = $1", order);
  w.commit();
  return parse_quantity(qty);
}

// Negatives: the handler around the savepoint stops the exception; the
// noexcept function and describe() throw nothing.
void add_line_handled(pqxx::connection &c, long order, const std::string &qty) {
  pqxx::work w(c);
  w.exec_params0("UPDATE orders SET lines = lines + 1 WHERE id = $1", order);
  try {
    pqxx::subtransaction note(w, "note");
    note.exec_params0("INSERT INTO notes VALUES ($1, $2)", order,
                      parse_quantity(qty));
    note.commit();
  } catch (const std::exception &) {
  }
  w.commit();
}

void add_line_quiet(pqxx::connection &c, long order, const std::string &qty) {
  pqxx::work w(c);
  w.exec_params0("UPDATE orders SET lines = lines + 1 WHERE id = $1", order);
  w.commit();
  int quantity = parse_quantity_or_zero(qty);
  std::string text = describe(order);
  (void)quantity;
}
