package io.ghactivity.producer.gunzip;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The system's libdeflate (a gzip decoder about 2.4× faster than the zlib behind {@code java.util.zip} here), called
 * through Java 17's {@code jdk.incubator.foreign}, plus the malloc'ed memory it decodes into.
 *
 * <p>Why reflection: the incubator API exists only in Java 17 (Java 21 removed it, Java 22 has a different final API),
 * and the project builds and runs on any Java from 17 on. Looking the API up at run time keeps the build independent
 * of it; on any other Java, or without the launcher's {@code --add-modules jdk.incubator.foreign
 * --enable-native-access=ALL-UNNAMED}, {@link #load} says why and the replay uses {@code java.util.zip}. After
 * set-up every handle takes and returns plain {@code long}s, so no incubator type appears outside this class.
 *
 * <p>Memory comes from malloc, not {@code allocateNative}, because the latter counts against
 * {@code -XX:MaxDirectMemorySize}, which defaults to the heap limit (512 MB for the replay) — smaller than one hour.
 * Nothing here is freed implicitly: the owner ({@link HourInflater}) frees what it allocates.
 */
public final class Libdeflate {
    /** libdeflate_result: the data was fully decoded. */
    static final int SUCCESS = 0;
    /** Environment variable naming the library file when it is not in a standard place. */
    public static final String PATH_VARIABLE = "GH_ACTIVITY_LIBDEFLATE";
    private static final String API = "jdk.incubator.foreign.";
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
        if (ModuleLayer.boot().findModule("jdk.incubator.foreign").isEmpty()) {
            return "needs Java 17 started with --add-modules jdk.incubator.foreign --enable-native-access=ALL-UNNAMED "
                    + "(bin/gh-activity does this on Java 17; this is Java " + Runtime.version().feature() + ")";
        }
        Optional<Path> library = findLibrary();
        if (library.isEmpty()) {
            return "libdeflate not found (apt-get install libdeflate0, or set " + PATH_VARIABLE + " to the library file)";
        }
        try {
            System.load(library.get().toString());
            return bind(library.get());
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

    private static Libdeflate bind(Path library) throws ReflectiveOperationException {
        Foreign f = new Foreign();
        Object libraryLookup = f.invokeStatic("SymbolLookup", "loaderLookup");
        Object libcLookup = f.invokeStatic("CLinker", "systemLookup");
        MethodHandle malloc = f.downcall(libcLookup, "malloc", "C_POINTER", "C_LONG");
        MethodHandle free = f.downcall(libcLookup, "free", null, "C_POINTER");
        MethodHandle allocDecoder = f.downcall(libraryLookup, "libdeflate_alloc_decompressor", "C_POINTER");
        MethodHandle freeDecoder = f.downcall(libraryLookup, "libdeflate_free_decompressor", null, "C_POINTER");
        MethodHandle gunzip = f.downcall(libraryLookup, "libdeflate_gzip_decompress_ex", "C_INT",
                "C_POINTER", "C_POINTER", "C_LONG", "C_POINTER", "C_LONG", "C_POINTER", "C_POINTER");
        return new Libdeflate(library, malloc, free, allocDecoder, freeDecoder, gunzip, f.byteBufferView());
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

    /** A ByteBuffer over {@code size} bytes of native memory at {@code address}; valid until the memory is freed. */
    ByteBuffer view(long address, int size) {
        return ((ByteBuffer) call(() -> (ByteBuffer) view.invokeExact(address, (long) size))).order(ByteOrder.nativeOrder()); // size_t results
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

    /** The few entry points of Java 17's jdk.incubator.foreign, found by reflection and adapted to longs. */
    private static final class Foreign {
        private final ClassLoader loader = ModuleLayer.boot().findLoader("jdk.incubator.foreign");
        private final Class<?> memoryAddress = type("MemoryAddress");
        private final MethodHandle addressOf; // long -> MemoryAddress
        private final MethodHandle rawAddress; // MemoryAddress -> long
        private final Object linker;

        Foreign() throws ReflectiveOperationException {
            MethodHandles.Lookup lookup = MethodHandles.lookup(); // restricted methods need a full-privilege caller
            addressOf = lookup.findStatic(memoryAddress, "ofLong", MethodType.methodType(memoryAddress, long.class));
            rawAddress = lookup.findVirtual(memoryAddress, "toRawLongValue", MethodType.methodType(long.class));
            linker = invokeStatic("CLinker", "getInstance");
        }

        private Class<?> type(String simpleName) {
            try {
                return Class.forName(API + simpleName, true, loader);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("jdk.incubator.foreign has no " + simpleName, e);
            }
        }

        Object invokeStatic(String type, String method) throws ReflectiveOperationException {
            return type(type).getMethod(method).invoke(null);
        }

        private Object layout(String name) throws ReflectiveOperationException {
            return type("CLinker").getField(name).get(null);
        }

        private Class<?> carrier(String layout) {
            return switch (layout) {
                case "C_POINTER" -> memoryAddress;
                case "C_LONG" -> long.class;
                case "C_INT" -> int.class;
                default -> throw new IllegalArgumentException(layout);
            };
        }

        /** A handle for {@code symbol} whose pointer arguments and result are plain longs; returns null for void. */
        MethodHandle downcall(Object symbols, String symbol, String result, String... args)
                throws ReflectiveOperationException {
            Class<?> layoutType = type("MemoryLayout");
            Object argLayouts = Array.newInstance(layoutType, args.length);
            Class<?>[] carriers = new Class<?>[args.length];
            for (int i = 0; i < args.length; i++) {
                Array.set(argLayouts, i, layout(args[i]));
                carriers[i] = carrier(args[i]);
            }
            Class<?> descriptorType = type("FunctionDescriptor");
            Object descriptor = result == null
                    ? descriptorType.getMethod("ofVoid", argLayouts.getClass()).invoke(null, argLayouts)
                    : descriptorType.getMethod("of", layoutType, argLayouts.getClass()).invoke(null, layout(result), argLayouts);
            Optional<?> address = (Optional<?>) type("SymbolLookup").getMethod("lookup", String.class).invoke(symbols, symbol);
            if (address.isEmpty()) {
                throw new IllegalStateException("symbol " + symbol + " not found");
            }
            MethodType type = MethodType.methodType(result == null ? void.class : carrier(result), carriers);
            MethodHandle handle = (MethodHandle) type("CLinker")
                    .getMethod("downcallHandle", type("Addressable"), MethodType.class, descriptorType)
                    .invoke(linker, address.get(), type, descriptor);
            for (int i = 0; i < args.length; i++) {
                if (carriers[i] == memoryAddress) {
                    handle = MethodHandles.filterArguments(handle, i, addressOf);
                }
            }
            return memoryAddress.equals(handle.type().returnType()) ? MethodHandles.filterReturnValue(handle, rawAddress) : handle;
        }

        /** (long address, long size) -> ByteBuffer: MemoryAddress.asSegment(size, globalScope).asByteBuffer(). */
        MethodHandle byteBufferView() throws ReflectiveOperationException {
            MethodHandles.Lookup lookup = MethodHandles.lookup(); // restricted methods need a full-privilege caller
            Class<?> scope = type("ResourceScope");
            Class<?> segment = type("MemorySegment");
            MethodHandle asSegment = lookup.findVirtual(memoryAddress, "asSegment", MethodType.methodType(segment, long.class, scope));
            asSegment = MethodHandles.insertArguments(asSegment, 2, invokeStatic("ResourceScope", "globalScope"));
            MethodHandle asByteBuffer = lookup.findVirtual(segment, "asByteBuffer", MethodType.methodType(ByteBuffer.class));
            MethodHandle fromLong = MethodHandles.filterArguments(asSegment, 0, addressOf);
            return MethodHandles.filterReturnValue(fromLong, asByteBuffer);
        }
    }
}
