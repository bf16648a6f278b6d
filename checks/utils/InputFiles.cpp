//===--- InputFiles.cpp ---------------------------------------------------===//

#include "utils/InputFiles.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/Support/FileSystem.h"

using namespace llvm;

namespace txnlint {

namespace {

/// Why a file with \p Status is not read, or success.
Error refusal(const sys::fs::file_status &Status) {
  if (Status.type() != sys::fs::file_type::regular_file)
    return createStringError(std::errc::invalid_argument,
                             "not a regular file");
  if (Status.getSize() > MaxInputFileSize)
    return createStringError(std::errc::file_too_large,
                             "larger than %u MiB",
                             unsigned(MaxInputFileSize >> 20));
  return Error::success();
}

} // namespace

Expected<std::unique_ptr<MemoryBuffer>> readInputFile(StringRef Path) {
  // Looked at before opening: opening a FIFO blocks until it has a writer.
  sys::fs::file_status Status;
  if (std::error_code EC = sys::fs::status(Path, Status))
    return createStringError(EC, EC.message());
  if (Error Err = refusal(Status))
    return std::move(Err);
  Expected<sys::fs::file_t> File = sys::fs::openNativeFileForRead(Path);
  if (!File)
    return File.takeError();
  auto Close = make_scope_exit([&] { sys::fs::closeFile(*File); });
  // Looked at again through the open file, which may have been replaced
  // since; the size it has now is exactly what is read.
  if (std::error_code EC = sys::fs::status(*File, Status))
    return createStringError(EC, EC.message());
  if (Error Err = refusal(Status))
    return std::move(Err);
  auto Buffer = MemoryBuffer::getOpenFile(*File, Path, Status.getSize());
  if (!Buffer)
    return createStringError(Buffer.getError(), Buffer.getError().message());
  return std::move(*Buffer);
}

} // namespace txnlint
