// transfer-sqlitecpp <db> good|bad: SQLiteC++ (a static library on Debian,
// calling the system's libsqlite3). Exit status 0 when the transfer worked.
#include <SQLiteCpp/SQLiteCpp.h>

#include <cstring>
#include <exception>

int main(int argc, char **argv) {
  try {
    SQLite::Database db(argv[1], SQLite::OPEN_READWRITE);
    if (!std::strcmp(argv[2], "good")) {
      // Rolled back by the destructor when an exec throws.
      SQLite::Transaction transaction(db);
      db.exec("UPDATE accounts SET balance = balance - 10 WHERE id = 1");
      db.exec("UPDATE accounts SET balance = balance + 10 WHERE id = 2");
      transaction.commit();
    } else {
      db.exec("UPDATE accounts SET balance = balance - 10 WHERE id = 1");
      SQLite::Statement credit(db, "UPDATE accounts SET balance = balance + 10 WHERE id = 2");
      credit.exec();
    }
    return 0;
  } catch (const std::exception &) {
    return 1;
  }
}
