// Compiler and tool arguments reach the tools.
void f() {
  int a; /*W:args*/
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: args [fake-check]
}
