// Prints a warning no CHECK line expects.
void f() {
  int a; /*W:expected*/
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: expected [fake-check]
  int b; /*W:unexpected*/
}
