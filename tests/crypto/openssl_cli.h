// Runs the `openssl` command-line tool from a test, in a private temporary directory, so that purertc's
// output is checked by an independent implementation (signatures, certificates, fingerprints). Every
// command runs under `timeout`. A missing openssl binary fails the test in CI (CI set) and skips it
// otherwise.
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace purertc::crypto::testing {

inline bool openssl_available() { return std::system("command -v openssl >/dev/null 2>&1") == 0; }

// Use as the first line of a test: GTEST_SKIP/FAIL cannot be issued from a helper function.
#define PURERTC_REQUIRE_OPENSSL()                                                  \
  do {                                                                             \
    if (!::purertc::crypto::testing::openssl_available()) {                        \
      if (std::getenv("CI") != nullptr) FAIL() << "openssl CLI missing in CI";    \
      GTEST_SKIP() << "install openssl (the command-line tool)";                  \
    }                                                                              \
  } while (0)

class OpensslDir {
 public:
  OpensslDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "purertc-crypto-XXXXXX").string();
    if (mkdtemp(tmpl.data()) != nullptr) dir_ = tmpl;
  }
  ~OpensslDir() {
    std::error_code ec;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
  }
  OpensslDir(const OpensslDir&) = delete;
  OpensslDir& operator=(const OpensslDir&) = delete;

  bool ok() const { return !dir_.empty(); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  // Runs `openssl <args>` in the directory with a 60 s limit; stdout goes to `out` (captured by
  // output()), stderr to `err`. Returns the exit status (0 = success).
  int run(const std::string& args) const {
    std::string cmd = "cd '" + dir_.string() + "' && timeout 60 openssl " + args + " >out 2>err";
    int rc = std::system(cmd.c_str());
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  }
  std::string output() const { return read_text("out"); }
  std::string errors() const { return read_text("err"); }

  void write(const std::string& name, const std::vector<uint8_t>& bytes) const {
    std::ofstream f(path(name), std::ios::binary);
    f.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  }
  void write_text(const std::string& name, const std::string& text) const {
    std::ofstream f(path(name), std::ios::binary);
    f << text;
  }
  std::vector<uint8_t> read(const std::string& name) const {
    std::ifstream f(path(name), std::ios::binary);
    return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
  }
  std::string read_text(const std::string& name) const {
    std::ifstream f(path(name), std::ios::binary);
    return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
  }

 private:
  std::filesystem::path dir_;
};

}  // namespace purertc::crypto::testing
