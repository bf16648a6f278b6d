//===--- NameGlobsTest.cpp ------------------------------------------------===//

#include "utils/NameGlobs.h"
#include "gtest/gtest.h"

using namespace txnlint;

namespace {

bool matches(llvm::StringRef List, llvm::StringRef Name) {
  std::vector<NameGlobs::Error> Errors;
  NameGlobs Globs(List, Errors);
  EXPECT_TRUE(Errors.empty());
  return Globs.matches(Name);
}

TEST(NameGlobsTest, UnqualifiedOrQualified) {
  EXPECT_TRUE(matches("log;log_*", "log"));
  EXPECT_TRUE(matches("log;log_*", "app::Server::log_error"));
  EXPECT_TRUE(matches("*logger*", "app::FileLogger::write"));
  EXPECT_TRUE(matches("spdlog::*", "spdlog::details::registry::flush"));
  EXPECT_FALSE(matches("log;log_*", "app::Server::logout"));
}

TEST(NameGlobsTest, LastPartIsTheFunctionName) {
  // "*::log*" names log...() functions of any class or namespace, not every
  // function whose namespace starts with "log".
  EXPECT_TRUE(matches("*::log*", "zeek::Writer::logError"));
  EXPECT_TRUE(matches("*::log*", "Logger::log"));
  EXPECT_FALSE(matches("*::log*", "zeek::logging::writer::SQLite::CountRows"));
  EXPECT_TRUE(matches("app::*::save", "app::orders::Store::save"));
  EXPECT_FALSE(matches("app::*::save", "app::saves::Store::load"));
}

} // namespace
