package io.ghactivity.producer.gunzip;

import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The system's libdeflate (a gzip decoder about 2× faster than the zlib behind {@code java.util.zip} here), called
 * through the foreign-function API of this Java ({@link ForeignApi}: Java 17's incubator or Java 22+'s final API),
 * plus the malloc'ed memory it decodes into. On Java 18–21, without the library, or without the launcher's flags,
 * {@link #load} says why and the replay uses {@code java.util.zip}.
 *
 * <p>Memory comes from malloc, not the API's own allocation, because that counts against
 * {@code -XX:MaxDirectMemorySize}, which defaults to the heap limit (512 MB for the replay) — smaller than one hour.
 * Nothing here is freed implicitly: the owner ({@link HourInflater}) frees what it allocates.
 */
public final class Libdeflate {
    /** libdeflate_result: the data was fully decoded. */
    static final int SUCCESS = 0;
    /** Environment variable naming the library file when it is not in a standard place. */
    public static final String PATH_VARIABLE = "GH_ACTIVITY_LIBDEFLATE";
    private static final List<String> STANDARD_PATHS = List.of(
            "/usr/lib/x86_64-linux-gnu/libdeflate.so.0", "/usr/lib/aarch64-linux-gnu/libdeflate.so.0",
            "/usr/lib64/libdeflate.so.0", "/usr/lib/libdeflate.so.0", "/usr/local/lib/libdeflate.so.0",
            "/usr/local/lib/libdeflate.so", "/opt/homebrew/lib/libdeflate.0.dylib", "/usr/local/lib/libdeflate.0.dylib");
    private static volatile Object loaded; // Libdeflate or the String reason it is not available

    private final Path library;
    private final MethodHandle malloc;        // (size) -> address
    private final MethodHandle free;          // (address) -> void
    private final MethodHandle allocDecoder;  // () -> decompressor
    private final MethodHandle freeDecoder;   // (decompressor) -> void
    private final MethodHandle gunzip;        // (decompressor, in, inLength, out, outCapacity, &inUsed, &outWritten) -> result
    private final MethodHandle view;          // (address, size) -> ByteBuffer over that memory

    private Libdeflate(Path library, MethodHandle malloc, MethodHandle free, MethodHandle allocDecoder,
                       MethodHandle freeDecoder, MethodHandle gunzip, MethodHandle view) {
        this.library = library;
        this.malloc = malloc;
        this.free = free;
        this.allocDecoder = allocDecoder;
        this.freeDecoder = freeDecoder;
        this.gunzip = gunzip;
        this.view = view;
    }

    /** Whether this Java has a foreign-function API libdeflate can be reached through: 17 (incubator) or 22+. */
    public static boolean supportedJava() {
        int feature = Runtime.version().feature();
        return feature == 17 || feature >= 22;
    }

    /** The library, loaded once per JVM, or why it cannot be used here (a sentence for the user). */
    public static Optional<Libdeflate> load() {
        return loaded() instanceof Libdeflate lib ? Optional.of(lib) : Optional.empty();
    }

    /** Why {@link #load} is empty; empty when the library is available. */
    public static Optional<String> unavailableReason() {
        return loaded() instanceof String reason ? Optional.of(reason) : Optional.empty();
    }

    private static Object loaded() {
        Object l = loaded;
        if (l == null) {
            synchronized (Libdeflate.class) {
                if (loaded == null) {
                    loaded = tryLoad();
                }
                l = loaded;
            }
        }
        return l;
    }

    private static Object tryLoad() {
        Optional<Path> library = findLibrary();
        if (library.isEmpty()) {
            return "libdeflate not found (apt-get install libdeflate0, or set " + PATH_VARIABLE + " to the library file)";
        }
        try {
            Object api = ForeignApi.forThisJava(library.get());
            return api instanceof ForeignApi foreign ? bind(library.get(), foreign) : api;
        } catch (UnsatisfiedLinkError | ReflectiveOperationException | RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return "cannot use " + library.get() + ": " + cause;
        }
    }

    private static Optional<Path> findLibrary() {
        String configured = System.getenv(PATH_VARIABLE);
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(Files::isRegularFile);
        }
        return STANDARD_PATHS.stream().map(Path::of).filter(Files::isRegularFile).findFirst();
    }

    private static Libdeflate bind(Path library, ForeignApi f) throws ReflectiveOperationException {
        ForeignApi.CType pointer = ForeignApi.CType.POINTER;
        ForeignApi.CType size = ForeignApi.CType.LONG;
        return new Libdeflate(library,
                f.downcall(true, "malloc", pointer, size),
                f.downcall(true, "free", null, pointer),
                f.downcall(false, "libdeflate_alloc_decompressor", pointer),
                f.downcall(false, "libdeflate_free_decompressor", null, pointer),
                f.downcall(false, "libdeflate_gzip_decompress_ex", ForeignApi.CType.INT,
                        pointer, pointer, size, pointer, size, pointer, pointer),
                f.byteBufferView());
    }

    public Path library() {
        return library;
    }

    /** malloc(size); throws OutOfMemoryError when the system has no memory for it. */
    long allocate(long size) {
        long address = (long) call(() -> (long) malloc.invokeExact(size));
        if (address == 0) {
            throw new OutOfMemoryError("malloc(" + size + ") failed: no memory for a decoded hour");
        }
        return address;
    }

    void release(long address) {
        call(() -> {
            free.invokeExact(address);
            return null;
        });
    }

    /**
     * A ByteBuffer over {@code size} bytes of native memory at {@code address}, valid until the memory is freed; in
     * native byte order, as the {@code size_t} results libdeflate writes are read through it.
     */
    ByteBuffer view(long address, int size) {
        return ((ByteBuffer) call(() -> (ByteBuffer) view.invokeExact(address, (long) size))).order(ByteOrder.nativeOrder());
    }

    long newDecoder() {
        long decoder = (long) call(() -> (long) allocDecoder.invokeExact());
        if (decoder == 0) {
            throw new OutOfMemoryError("libdeflate_alloc_decompressor failed");
        }
        return decoder;
    }

    void freeDecoder(long decoder) {
        call(() -> {
            freeDecoder.invokeExact(decoder);
            return null;
        });
    }

    /**
     * Decodes one gzip member from {@code in} into {@code out}; {@code sizes} is 16 bytes of native memory that
     * receive the input bytes used and the output bytes written.
     *
     * @return libdeflate's result code, {@link #SUCCESS} when the member was decoded completely and checked (CRC-32
     *         and length)
     */
    int gunzip(long decoder, long in, long inLength, long out, long outCapacity, long sizes) {
        return (int) call(() -> (int) gunzip.invokeExact(decoder, in, inLength, out, outCapacity, sizes, sizes + 8));
    }

    private interface NativeCall {
        Object run() throws Throwable;
    }

    private static Object call(NativeCall c) {
        try {
            return c.run();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("native call failed", t);
        }
    }
}
