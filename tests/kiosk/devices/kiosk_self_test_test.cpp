#include "kiosk/devices/kiosk_self_test.h"

#include <gtest/gtest.h>

namespace kiosk::devices {
namespace {

namespace prov = provisioning;

TEST(ToCheckLines, OnlyAFailIsNotOk) {
  prov::SelfTestReport report;
  report.results = {prov::Pass("pcscd", "pcscd reachable"),
                    prov::Warn("certificate", "expires in 10 days", "renew it"),
                    prov::Skipped("card", "needs a reader"),
                    prov::Fail("printer", "queue stopped", "cupsenable Guichet_PDF")};
  std::vector<session::CheckLine> lines = ToCheckLines(report);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0].name, "pcscd");
  EXPECT_TRUE(lines[0].ok);
  EXPECT_EQ(lines[0].detail, "pcscd reachable");
  EXPECT_TRUE(lines[1].ok);
  EXPECT_EQ(lines[1].hint, "renew it");
  EXPECT_TRUE(lines[2].ok);
  EXPECT_EQ(lines[2].detail, "skipped: needs a reader");
  EXPECT_FALSE(lines[3].ok);
  EXPECT_EQ(lines[3].detail, "queue stopped");
  EXPECT_EQ(lines[3].hint, "cupsenable Guichet_PDF");
}

}  // namespace
}  // namespace kiosk::devices
