// No CHECK lines: any diagnostic is a failure.
void f() {
  int a; /*W@ONLY:never printed*/
}
