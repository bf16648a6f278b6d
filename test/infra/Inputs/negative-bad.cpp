// No CHECK lines, but a diagnostic.
void f() {
  int a; /*W:printed*/
}
