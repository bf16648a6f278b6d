int auditCount(int n) { return n + 1; }
