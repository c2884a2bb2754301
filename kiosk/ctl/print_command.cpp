// kioskctl print status | test | receipt --data FILE
//
// The printer as staff and technicians see it. The destination and paper come from the
// configuration ([printer]); --destination, --paper and --server override them, and the CUPS
// server defaults to libcups' own choice (CUPS_SERVER, client.conf, local socket).
// TODO(#8): `print receipt ID` reads the printable data the queue stores with each
// submission (ReceiptData JSON, drivers/printer/receipt_data.h) once the queue exists.
#include <chrono>
#include <fstream>
#include <memory>
#include <sstream>

#include <fmt/format.h>

#include "base/config.h"
#include "drivers/printer/cups_printer.h"
#include "drivers/printer/receipt_layout.h"
#include "drivers/printer/receipt_texts.h"
#include "kiosk/ctl/cli.h"

namespace kiosk::ctl {
namespace {

struct PrintArgs {
  std::string destination;
  std::string paper;
  std::string server;
  int timeout_s = 0;
  std::string data_path;
  std::string pdf_out;
};

struct PrintSetup {
  printer::CupsOptions cups;
  printer::PaperFormat paper = printer::PaperFormat::kRoll80;
};

// The configuration gives the defaults; a missing configuration is fine when the command
// line names the destination (a technician testing a printer on a bench).
StatusOr<PrintSetup> Setup(const Cli& cli, const PrintArgs& args) {
  KioskConfig config;
  auto loaded = LoadConfig(cli.config_path);
  if (loaded.ok()) {
    config = *loaded;
  } else if (args.destination.empty() && args.pdf_out.empty()) {
    return loaded.status();
  }
  PrintSetup setup;
  setup.cups.server = args.server;
  setup.cups.destination = args.destination.empty() ? config.printer.destination : args.destination;
  setup.cups.job_timeout =
      std::chrono::seconds(args.timeout_s > 0 ? args.timeout_s : config.printer.job_timeout_s);
  KIOSK_ASSIGN_OR_RETURN(setup.paper, printer::ParsePaperFormat(
                                          args.paper.empty() ? config.printer.paper : args.paper));
  return setup;
}

CommandOutput Status(const Cli& cli, const PrintArgs& args) {
  auto setup = Setup(cli, args);
  if (!setup.ok()) return ErrorOutput(setup.status());
  printer::CupsPrinter cups(setup->cups);
  auto status = cups.QueryStatus();
  if (!status.ok()) return ErrorOutput(status.status());

  static const char* const kStates[] = {"", "", "", "idle", "printing", "stopped"};
  int state = static_cast<int>(status->state);
  std::string state_name = state >= 3 && state <= 5 ? kStates[state] : std::to_string(state);
  bool ok = status->problem == printer::PrinterProblem::kNone && status->accepting;
  CommandOutput out;
  out.exit_code = ok ? kExitOk : kExitCheckFailed;
  out.json = {{"ok", ok},
              {"destination", setup->cups.destination},
              {"printer_state", state_name},
              {"printer_state_reasons", status->reasons},
              {"accepting_jobs", status->accepting},
              {"problem", printer::PrinterProblemName(status->problem)},
              {"message", status->message}};
  out.human = fmt::format(
      "{}: {}{}, {}; reasons: {}; problem: {}{}\n", setup->cups.destination, state_name,
      status->message.empty() ? "" : " (" + status->message + ")",
      status->accepting ? "accepting jobs" : "rejecting jobs",
      status->reasons.empty() ? "none" : fmt::format("{}", fmt::join(status->reasons, ", ")),
      printer::PrinterProblemName(status->problem), ok ? "" : " (check the printer)");
  return out;
}

CommandOutput PrintReceipt(const Cli& cli, const PrintArgs& args,
                           const printer::ReceiptData& data) {
  auto setup = Setup(cli, args);
  if (!setup.ok()) return ErrorOutput(setup.status());
  auto rendered = printer::RenderReceipt(data, setup->paper);
  if (!rendered.ok()) return ErrorOutput(rendered.status());

  CommandOutput out;
  if (!args.pdf_out.empty()) {
    std::ofstream file(args.pdf_out, std::ios::binary);
    file << rendered->pdf;
    file.close();
    if (!file) return ErrorOutput(InvalidInputError("cannot write " + args.pdf_out));
    out.json = {{"ok", true},
                {"pdf", args.pdf_out},
                {"reference", rendered->reference},
                {"paper", printer::PaperFormatName(setup->paper)},
                {"height_mm", rendered->height_pt * 25.4 / 72}};
    out.human =
        fmt::format("{}: receipt {} ({}, {:.0f} mm long)\n", args.pdf_out, rendered->reference,
                    printer::PaperFormatName(setup->paper), rendered->height_pt * 25.4 / 72);
    return out;
  }

  printer::CupsPrinter cups(setup->cups);
  std::atomic<bool> stop{false};
  printer::PrintOutcome outcome = cups.Print(rendered->pdf, "receipt", nullptr, stop);
  bool ok = outcome.state == printer::PrintState::kPrinted;
  out.exit_code = ok ? kExitOk : kExitCheckFailed;
  out.json = {{"ok", ok},
              {"destination", setup->cups.destination},
              {"reference", rendered->reference},
              {"state", printer::PrintStateName(outcome.state)},
              {"problem", printer::PrinterProblemName(outcome.problem)},
              {"detail", outcome.detail},
              {"job_id", outcome.job_id}};
  out.human =
      fmt::format("receipt {} on {}: {}{} (job {}, {})\n", rendered->reference,
                  setup->cups.destination, printer::PrintStateName(outcome.state),
                  ok ? "" : fmt::format(", {}", printer::PrinterProblemName(outcome.problem)),
                  outcome.job_id, outcome.detail);
  return out;
}

CommandOutput ReceiptFromFile(const Cli& cli, const PrintArgs& args) {
  std::ifstream file(args.data_path, std::ios::binary);
  if (!file) return ErrorOutput(NotFoundError("cannot read " + args.data_path));
  std::stringstream text;
  text << file.rdbuf();
  auto data = printer::ParseReceiptJson(text.str());
  if (!data.ok()) return ErrorOutput(data.status().WithContext(args.data_path));
  return PrintReceipt(cli, args, *data);
}

void AddPrinterOptions(CLI::App* command, PrintArgs& args) {
  command->add_option("--destination", args.destination, "CUPS destination (default: config)");
  command->add_option("--server", args.server,
                      "CUPS server host:port or socket path (default: CUPS_SERVER)");
}

void AddReceiptOptions(CLI::App* command, PrintArgs& args) {
  AddPrinterOptions(command, args);
  command->add_option("--paper", args.paper, "roll80 or a4 (default: config)");
  command->add_option("--timeout", args.timeout_s, "seconds to wait for the job (default: config)");
  command->add_option("--pdf", args.pdf_out, "only write the PDF to this file, do not print");
}

}  // namespace

void RegisterPrintCommands(Cli& cli) {
  // Owned by the callbacks, which live as long as the app.
  auto args_ptr = std::make_shared<PrintArgs>();
  PrintArgs& args = *args_ptr;
  auto* print = cli.app->add_subcommand("print", "receipt printer: state, test page, receipts");
  print->require_subcommand(1);

  auto* status = print->add_subcommand("status", "printer state and reasons");
  AddPrinterOptions(status, args);
  status->callback(
      [&cli, args_ptr] { cli.run = [&cli, args_ptr] { return Status(cli, *args_ptr); }; });

  auto* test = print->add_subcommand("test", "print a test receipt with every French character");
  AddReceiptOptions(test, args);
  test->callback([&cli, args_ptr] {
    cli.run = [&cli, args_ptr] {
      printer::ReceiptData data = printer::TestReceiptData();
      data.procedure_title =
          std::string(printer::ReceiptText("fr", printer::ReceiptLabel::kTestTitle)) + " — " +
          data.procedure_title;
      return PrintReceipt(cli, *args_ptr, data);
    };
  });

  auto* receipt = print->add_subcommand("receipt", "render and print a receipt from JSON");
  AddReceiptOptions(receipt, args);
  receipt->add_option("--data", args.data_path, "receipt description (ReceiptData JSON)")
      ->required();
  receipt->callback(
      [&cli, args_ptr] { cli.run = [&cli, args_ptr] { return ReceiptFromFile(cli, *args_ptr); }; });
}

}  // namespace kiosk::ctl
