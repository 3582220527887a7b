package dev.portal.techdocs.upload;

/** An archive that is refused: unsafe entry names (zip-slip), too large, too many files, or not a tar.gz. */
public class ArchiveException extends RuntimeException {

    public ArchiveException(String message) {
        super(message);
    }
}
