// A private temporary folder for one test, removed with everything in it at destruction.
#pragma once

#include <filesystem>
#include <string>

namespace kiosk::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string Join(const std::string& name) const { return (path_ / name).string(); }
  // Writes `content` to `name` inside the folder and returns the full path.
  std::string WriteFile(const std::string& name, const std::string& content) const;

 private:
  std::filesystem::path path_;
};

std::string ReadFile(const std::string& path);

}  // namespace kiosk::testing
