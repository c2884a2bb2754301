// The card side: pcscd reachable, readers listed (the preferred one present), and optionally
// a test card read. Reports "pcscd", "reader" and, when a card read is asked, "card".
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "provisioning/self_test.h"

namespace kiosk::provisioning {

// What the self-test asks of the PC/SC layer. kUnavailable = pcscd not running.
class ReaderProbe {
 public:
  virtual ~ReaderProbe() = default;
  virtual StatusOr<std::vector<std::string>> ListReaders() = 0;
};

// Reads the test card on `reader` with its CAN; returns a short description for the
// technician (never personal data: e.g. "DG1 read, chip verified").
class CardReadProbe {
 public:
  virtual ~CardReadProbe() = default;
  virtual StatusOr<std::string> ReadTestCard(const std::string& reader, const std::string& can) = 0;
};

// The real probe: libpcsclite (SCardEstablishContext, SCardListReaders).
std::unique_ptr<ReaderProbe> MakePcscReaderProbe();

class ReaderCheck : public Check {
 public:
  // `card_probe` and `can` are only used when a card read is asked (`can` set).
  ReaderCheck(std::unique_ptr<ReaderProbe> probe, std::string preferred_reader,
              std::unique_ptr<CardReadProbe> card_probe = nullptr,
              std::optional<std::string> can = std::nullopt);
  std::vector<CheckResult> Run() override;

 private:
  std::unique_ptr<ReaderProbe> probe_;
  std::string preferred_reader_;
  std::unique_ptr<CardReadProbe> card_probe_;
  std::optional<std::string> can_;
};

}  // namespace kiosk::provisioning
