// Runs the kiosk binary headless and checks the screenshot it writes.
#include <algorithm>
#include <filesystem>
#include <map>

#include <gtest/gtest.h>
#include <stb_image.h>

#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace kiosk {
namespace {

using kiosk::testing::BinaryPath;
using kiosk::testing::RunCommand;
using kiosk::testing::TempDir;

struct Image {
  int width = 0;
  int height = 0;
  std::vector<unsigned char> rgba;
};

Image LoadPng(const std::string& path) {
  Image image;
  int channels = 0;
  unsigned char* data = stbi_load(path.c_str(), &image.width, &image.height, &channels, 4);
  if (data != nullptr) {
    image.rgba.assign(data, data + static_cast<size_t>(image.width) * image.height * 4);
    stbi_image_free(data);
  }
  return image;
}

// Share of pixels that differ from the most common colour (the background).
double InkRatio(const Image& image) {
  std::map<uint32_t, size_t> counts;
  for (size_t i = 0; i < image.rgba.size(); i += 4) {
    uint32_t rgb = image.rgba[i] | (image.rgba[i + 1] << 8) | (image.rgba[i + 2] << 16);
    ++counts[rgb];
  }
  size_t background = 0;
  for (const auto& [colour, count] : counts) background = std::max(background, count);
  size_t total = image.rgba.size() / 4;
  return total == 0 ? 0.0 : static_cast<double>(total - background) / total;
}

std::string DemoConfig() { return std::string(KIOSK_SOURCE_DIR) + "/config/kiosk.demo.toml"; }

TEST(WelcomeScreenshot, PortraitHeadlessWritesA1080x1920Png) {
  TempDir dir;
  std::string png = dir.Join("welcome.png");
  auto result = RunCommand({BinaryPath("kiosk"), "--config", DemoConfig(), "--devices", "simulated",
                            "--headless", "--screenshot", png},
                           kiosk::testing::SdlChildEnv());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  Image image = LoadPng(png);
  EXPECT_EQ(image.width, 1080);
  EXPECT_EQ(image.height, 1920);
  // Text and buttons were drawn: neither a blank frame nor a solid block.
  double ink = InkRatio(image);
  EXPECT_GT(ink, 0.01);
  EXPECT_LT(ink, 0.6);
}

TEST(WelcomeScreenshot, LandscapeIs1920x1080) {
  TempDir dir;
  std::string png = dir.Join("welcome.png");
  auto result = RunCommand({BinaryPath("kiosk"), "--config", DemoConfig(), "--devices", "simulated",
                            "--headless", "--orientation", "landscape", "--screenshot", png},
                           kiosk::testing::SdlChildEnv());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  Image image = LoadPng(png);
  EXPECT_EQ(image.width, 1920);
  EXPECT_EQ(image.height, 1080);
}

TEST(WelcomeScreenshot, RefusesToStartOnABrokenConfiguration) {
  TempDir dir;
  std::string config = dir.WriteFile("kiosk.toml", "[identity]\nid = \"k\"\ncolour = 3\n");
  auto result = RunCommand(
      {BinaryPath("kiosk"), "--config", config, "--headless", "--screenshot", dir.Join("x.png")},
      kiosk::testing::SdlChildEnv());
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find(config + ":3: unknown key 'identity.colour'"), std::string::npos)
      << result.err;
  EXPECT_FALSE(std::filesystem::exists(dir.Join("x.png")));
}

}  // namespace
}  // namespace kiosk
