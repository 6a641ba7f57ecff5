// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Test support: where the team's shared fixtures live and where the built CLI is.
#include <filesystem>
#include <string>

namespace stochos::testing {

/// ../shared from the project root (configure-time STOCHOS_SHARED_DIR; the environment
/// variable of that name overrides it).
std::filesystem::path shared_dir();
inline std::filesystem::path fixture(const std::string& relative) {
  return shared_dir() / "fixtures" / relative;
}
inline std::filesystem::path corpus(const std::string& relative) {
  return shared_dir() / "corpus" / relative;
}
/// The stochos binary under test (the build's, or $STOCHOS_CLI).
std::filesystem::path cli_path();
std::filesystem::path source_dir();

/// A fresh empty directory under the system temp dir, removed by the destructor.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

struct CommandResult {
  int exit_code = -1;
  std::string out;  ///< stdout
  std::string err;  ///< stderr
};
/// Runs a shell command line, capturing stdout and stderr.
CommandResult run_command(const std::string& command_line);

/// Quotes a string for /bin/sh.
std::string shell_quote(const std::string& s);

}  // namespace stochos::testing
