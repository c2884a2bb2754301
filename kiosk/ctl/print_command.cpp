// kioskctl print status | test | receipt ID | receipt --data FILE
//
// The printer as staff and technicians see it. The destination and paper come from the
// configuration ([printer]); --destination, --paper and --server override them, and the CUPS
// server defaults to libcups' own choice (CUPS_SERVER, client.conf, local socket).
//
// `print receipt ID` reprints a receipt from the printable data the queue keeps (encrypted)
// with each unsent submission, with the submission's current state. The queue is opened
// read-only: a kiosk running beside it keeps sending undisturbed. Nothing of the receipt's
// personal data is written on stdout; it goes to the printer (or the --pdf file) only.
#include <algorithm>
#include <cctype>
#include <chrono>
#include <fstream>
#include <limits>
#include <memory>
#include <optional>
#include <sstream>

#include <fmt/format.h>

#include "base/config.h"
#include "base/local_reference.h"
#include "base/wipe.h"
#include "drivers/printer/cups_printer.h"
#include "drivers/printer/receipt_layout.h"
#include "drivers/printer/receipt_texts.h"
#include "kiosk/ctl/cli.h"
#include "kiosk/devices/receipt_conversion.h"
#include "offline/queue/submission_queue.h"
#include "offline/sync/offline_config.h"

namespace kiosk::ctl {
namespace {

struct PrintArgs {
  std::string destination;
  std::string paper;
  std::string server;
  int timeout_s = 0;
  std::string data_path;
  std::string pdf_out;
  std::string submission;  // print receipt ID: a submission UUID or its local reference
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
    UseConfiguredTimeZone(config);  // the receipt's time is the town hall's
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

// One receipt rendered, then printed or (with --pdf) written to a file.
struct ReceiptJob {
  PrintSetup setup;
  printer::RenderedReceipt rendered;
  std::string pdf_path;                          // --pdf
  std::optional<printer::PrintOutcome> outcome;  // nullopt when only the PDF was written

  bool ok() const { return !outcome || outcome->state == printer::PrintState::kPrinted; }
  double height_mm() const { return rendered.height_pt * 25.4 / 72; }
};

StatusOr<ReceiptJob> RenderAndPrint(const Cli& cli, const PrintArgs& args,
                                    const printer::ReceiptData& data) {
  ReceiptJob job;
  KIOSK_ASSIGN_OR_RETURN(job.setup, Setup(cli, args));
  KIOSK_ASSIGN_OR_RETURN(job.rendered, printer::RenderReceipt(data, job.setup.paper));

  if (!args.pdf_out.empty()) {
    std::ofstream file(args.pdf_out, std::ios::binary);
    file << job.rendered.pdf;
    file.close();
    if (!file) return InvalidInputError("cannot write " + args.pdf_out);
    job.pdf_path = args.pdf_out;
    return job;
  }

  printer::CupsPrinter cups(job.setup.cups);
  std::atomic<bool> stop{false};
  job.outcome = cups.Print(job.rendered.pdf, "receipt", nullptr, stop);
  return job;
}

nlohmann::json OutcomeJson(const ReceiptJob& job) {
  const printer::PrintOutcome& outcome = *job.outcome;
  return {{"destination", job.setup.cups.destination},
          {"state", printer::PrintStateName(outcome.state)},
          {"problem", printer::PrinterProblemName(outcome.problem)},
          {"detail", outcome.detail},
          {"job_id", outcome.job_id}};
}

// "receipt R on DEST: printed (job 3, ...)" or "FILE: receipt R (roll80, 142 mm long)".
std::string JobHuman(const ReceiptJob& job, std::string_view what) {
  if (!job.outcome) {
    return fmt::format("{}: {} {} ({}, {:.0f} mm long)\n", job.pdf_path, what,
                       job.rendered.reference, printer::PaperFormatName(job.setup.paper),
                       job.height_mm());
  }
  const printer::PrintOutcome& outcome = *job.outcome;
  return fmt::format(
      "{} {} on {}: {}{} (job {}, {})\n", what, job.rendered.reference, job.setup.cups.destination,
      printer::PrintStateName(outcome.state),
      job.ok() ? "" : fmt::format(", {}", printer::PrinterProblemName(outcome.problem)),
      outcome.job_id, outcome.detail);
}

CommandOutput PrintReceipt(const Cli& cli, const PrintArgs& args,
                           const printer::ReceiptData& data) {
  auto job = RenderAndPrint(cli, args, data);
  if (!job.ok()) return ErrorOutput(job.status());

  CommandOutput out;
  out.exit_code = job->ok() ? kExitOk : kExitCheckFailed;
  if (!job->outcome) {
    out.json = {{"ok", true},
                {"pdf", args.pdf_out},
                {"reference", job->rendered.reference},
                {"paper", printer::PaperFormatName(job->setup.paper)},
                {"height_mm", job->height_mm()}};
    out.human = JobHuman(*job, "receipt");
    return out;
  }
  out.json = OutcomeJson(*job);
  out.json["ok"] = job->ok();
  out.json["reference"] = job->rendered.reference;
  out.human = JobHuman(*job, "receipt");
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

// The submission staff named, as the queue knows it.
struct QueuedSubmission {
  offline::SubmissionRecord record;
  std::string reference;  // its local reference
};

bool IsUuid(std::string_view text) {
  if (text.size() != 36) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? text[i] != '-' : !std::isxdigit(static_cast<unsigned char>(text[i]))) return false;
  }
  return true;
}

// A well-formed id or reference that the queue does not hold is a failed check (exit 1), not
// a usage error: staff typed it right, the receipt is just not there.
CommandOutput LookupFailed(const kiosk::Status& status) {
  CommandOutput out = ErrorOutput(status);
  out.exit_code = kExitCheckFailed;
  return out;
}

// `id` is a submission UUID (any case) or its local reference as people type it (case, spaces
// and dashes do not matter). kInvalidInput when it is neither; kNotFound when the queue has no
// such submission; kFailedPrecondition when two submissions share the reference.
StatusOr<QueuedSubmission> FindSubmission(offline::SubmissionQueue& queue, std::string_view id) {
  if (IsUuid(id)) {
    std::string uuid(id);
    std::transform(uuid.begin(), uuid.end(), uuid.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    auto record = queue.Find(uuid);
    if (record.status().code() == StatusCode::kNotFound) {
      return NotFoundError(fmt::format(
          "no submission {} in the queue (not made on this kiosk, or purged after sending)", uuid));
    }
    if (!record.ok()) return record.status();
    KIOSK_ASSIGN_OR_RETURN(std::string reference, LocalReferenceFromUuid(record->id));
    return QueuedSubmission{std::move(record).value(), std::move(reference)};
  }

  auto reference = ParseLocalReference(id);
  if (!reference.ok()) {
    return InvalidInputError(
        "give a submission id (UUID) or the local reference printed on the receipt, like "
        "7WN9-R7KV-5 (" +
        reference.status().message() + ")");
  }
  // The queue is indexed by id; a reference is the id's first 40 bits. The queue holds a few
  // thousand records at most (unsent ones and sent ones within the retention).
  KIOSK_ASSIGN_OR_RETURN(std::vector<offline::SubmissionRecord> records,
                         queue.List(std::numeric_limits<int>::max()));
  std::vector<offline::SubmissionRecord> matches;
  for (offline::SubmissionRecord& record : records) {
    auto candidate = LocalReferenceFromUuid(record.id);
    if (candidate.ok() && *candidate == *reference) matches.push_back(std::move(record));
  }
  if (matches.empty()) {
    return NotFoundError(fmt::format(
        "no submission with reference {} in the queue (not made on this kiosk, or purged after "
        "sending)",
        *reference));
  }
  if (matches.size() > 1) {
    return FailedPreconditionError(
        fmt::format("{} submissions have reference {}: give the submission id (kioskctl queue "
                    "list)",
                    matches.size(), *reference));
  }
  return QueuedSubmission{std::move(matches.front()), std::move(reference).value()};
}

// The stored receipt, parsed. Its text is never quoted in an error: it holds personal data.
StatusOr<printer::ReceiptData> StoredReceipt(offline::SubmissionQueue& queue,
                                             const std::string& id) {
  KIOSK_ASSIGN_OR_RETURN(std::string json, queue.ReadReceipt(id));
  if (json.empty()) {
    return FailedPreconditionError("submission " + id + " was queued without receipt data");
  }
  auto data = printer::ParseReceiptJson(json);
  WipeString(json);
  if (!data.ok() || data->submission_id != id) {
    return DataLossError("the receipt data stored with submission " + id + " cannot be read");
  }
  return data;
}

nlohmann::json OptionalText(const std::string& text) {
  return text.empty() ? nlohmann::json(nullptr) : nlohmann::json(text);
}

// The queue forgets the receipt data once the centre has the submission: say so, with what
// staff can still give the citizen (the central reference names no one).
CommandOutput ReceiptNoLongerKept(const QueuedSubmission& submission) {
  const offline::SubmissionRecord& record = submission.record;
  std::string message = fmt::format(
      "submission {} (reference {}) was sent to the centre{}: its receipt data is no longer "
      "kept on the kiosk, so the receipt cannot be reprinted",
      record.id, submission.reference,
      record.central_reference.empty() ? "" : ", central reference " + record.central_reference);
  CommandOutput out = LookupFailed(FailedPreconditionError(message));
  out.json["submission_id"] = record.id;
  out.json["reference"] = submission.reference;
  out.json["state"] = std::string(offline::SubmissionStateName(record.state));
  out.json["central_reference"] = OptionalText(record.central_reference);
  return out;
}

CommandOutput ReprintFromQueue(const Cli& cli, const PrintArgs& args) {
  auto config = LoadConfig(cli.config_path);
  if (!config.ok()) return ErrorOutput(config.status());
  UseConfiguredTimeZone(*config);  // the receipt's time is the town hall's
  auto key = offline::DataKey::Load(offline::DataKeyPath(*config));
  if (!key.ok()) return ErrorOutput(key.status());
  offline::QueueOptions options = offline::QueueOptionsFrom(*config);
  options.read_only = true;
  auto queue = offline::SubmissionQueue::Open(options, *key, SystemClock());
  if (!queue.ok()) return ErrorOutput(queue.status());

  auto submission = FindSubmission(**queue, args.submission);
  if (!submission.ok()) {
    if (submission.status().code() == StatusCode::kInvalidInput) {
      return ErrorOutput(submission.status());
    }
    return LookupFailed(submission.status());
  }
  const std::string& id = submission->record.id;
  if (submission->record.state == offline::SubmissionState::kSent) {
    return ReceiptNoLongerKept(*submission);
  }
  auto data = StoredReceipt(**queue, id);
  if (!data.ok()) {
    // Sent (and its receipt data deleted) since the record was read.
    auto now = (*queue)->Find(id);
    if (now.ok() && now->state == offline::SubmissionState::kSent) {
      return ReceiptNoLongerKept({*now, submission->reference});
    }
    return LookupFailed(data.status());
  }

  // The state now, read after the receipt: a send that completed meanwhile prints as sent.
  auto record = (*queue)->Find(id);
  if (!record.ok()) {
    devices::WipeReceiptData(*data);
    return LookupFailed(record.status());
  }
  devices::ApplyQueueState(*record, *data);
  auto job = RenderAndPrint(cli, args, *data);
  devices::WipeReceiptData(*data);
  if (!job.ok()) return ErrorOutput(job.status());

  CommandOutput out;
  out.exit_code = job->ok() ? kExitOk : kExitCheckFailed;
  out.json = {{"ok", job->ok()},
              {"reference", job->rendered.reference},
              {"submission_id", id},
              {"state", std::string(offline::SubmissionStateName(record->state))},
              {"central_reference", OptionalText(record->central_reference)},
              {"paper", printer::PaperFormatName(job->setup.paper)},
              {"printed", job->outcome.has_value() && job->ok()},
              {"pdf", job->outcome ? nlohmann::json(nullptr) : nlohmann::json(job->pdf_path)},
              {"outcome", job->outcome ? OutcomeJson(*job) : nlohmann::json(nullptr)}};
  out.human = fmt::format("submission {} ({}{})\n", id, offline::SubmissionStateName(record->state),
                          record->central_reference.empty()
                              ? ""
                              : ", central reference " + record->central_reference) +
              JobHuman(*job, "receipt");
  return out;
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

  auto* receipt = print->add_subcommand(
      "receipt", "reprint a queued submission's receipt, or print one from JSON (--data)");
  AddReceiptOptions(receipt, args);
  auto* id = receipt->add_option("id", args.submission,
                                 "submission id (UUID) or local reference (like 7WN9-R7KV-5)");
  receipt->add_option("--data", args.data_path, "receipt description (ReceiptData JSON)")
      ->excludes(id);
  receipt->callback([&cli, args_ptr] {
    cli.run = [&cli, args_ptr] {
      if (!args_ptr->data_path.empty()) return ReceiptFromFile(cli, *args_ptr);
      if (args_ptr->submission.empty()) {
        return ErrorOutput(InvalidInputError("give a submission id or reference, or --data FILE"));
      }
      return ReprintFromQueue(cli, *args_ptr);
    };
  });
}

}  // namespace kiosk::ctl
