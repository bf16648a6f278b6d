//===--- OutputFiles.cpp --------------------------------------------------===//

#include "OutputFiles.h"
#include "llvm/Support/FileSystem.h"

using namespace llvm;

namespace txnlint {

namespace {

Error cannotWrite(StringRef Path, std::error_code EC) {
  return createStringError(EC, "cannot write '" + Path + "': " + EC.message());
}

/// The error \p OS ran into, cleared so that its destructor does not abort
/// the process ("IO failure on output stream").
std::error_code takeStreamError(raw_fd_ostream &OS) {
  std::error_code EC = OS.error();
  OS.clear_error();
  return EC;
}

/// Whether \p Path is written in place: it exists and is not a regular
/// file. Renaming over a device node would replace it.
bool writtenInPlace(StringRef Path, sys::fs::file_status &Status) {
  return !sys::fs::status(Path, Status) &&
         Status.type() != sys::fs::file_type::regular_file;
}

/// The file that replaces \p Path: the one a symbolic link points at, so
/// that the link stays.
std::string replacedFile(StringRef Path) {
  SmallString<256> Target;
  return sys::fs::real_path(Path, Target) ? Path.str() : Target.str().str();
}

Expected<sys::fs::TempFile> createTemporaryBeside(StringRef Path) {
  Expected<sys::fs::TempFile> Temp =
      sys::fs::TempFile::create(replacedFile(Path) + ".txnlint-%%%%%%");
  if (!Temp)
    return cannotWrite(Path, errorToErrorCode(Temp.takeError()));
  return Temp;
}

} // namespace

Error checkWritable(StringRef Path) {
  sys::fs::file_status Status;
  if (writtenInPlace(Path, Status)) {
    if (Status.type() == sys::fs::file_type::directory_file)
      return cannotWrite(Path, make_error_code(std::errc::is_a_directory));
    if (std::error_code EC = sys::fs::access(Path, sys::fs::AccessMode::Write))
      return cannotWrite(Path, EC);
    return Error::success();
  }
  Expected<sys::fs::TempFile> Temp = createTemporaryBeside(Path);
  if (!Temp)
    return Temp.takeError();
  return Temp->discard();
}

Error writeOutputFile(StringRef Path, function_ref<void(raw_ostream &)> Write) {
  if (Path.empty() || Path == "-") {
    Write(outs());
    return flushStandardOutput();
  }
  sys::fs::file_status Status;
  if (writtenInPlace(Path, Status)) {
    std::error_code EC;
    raw_fd_ostream OS(Path, EC);
    if (EC)
      return cannotWrite(Path, EC);
    Write(OS);
    OS.close();
    return OS.has_error() ? cannotWrite(Path, takeStreamError(OS))
                          : Error::success();
  }
  Expected<sys::fs::TempFile> Temp = createTemporaryBeside(Path);
  if (!Temp)
    return Temp.takeError();
  raw_fd_ostream OS(Temp->FD, /*shouldClose=*/false);
  Write(OS);
  OS.flush();
  if (OS.has_error()) {
    std::error_code EC = takeStreamError(OS);
    consumeError(Temp->discard());
    return cannotWrite(Path, EC);
  }
  if (Error Err = Temp->keep(replacedFile(Path)))
    return cannotWrite(Path, errorToErrorCode(std::move(Err)));
  return Error::success();
}

Error flushStandardOutput() {
  outs().flush();
  if (!outs().has_error())
    return Error::success();
  std::error_code EC = takeStreamError(outs());
  return createStringError(EC, "cannot write to standard output: " +
                                   EC.message());
}

} // namespace txnlint
