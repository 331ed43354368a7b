package io.ghactivity.producer.gunzip;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The few foreign-function calls {@link Libdeflate} needs, found by reflection in whichever API this Java has: Java
 * 17's incubator {@code jdk.incubator.foreign} or the final {@code java.lang.foreign} of Java 22 and later (Java 18–21
 * have only previews). Reflection keeps the build independent of both. Every handle returned takes and returns plain
 * longs for pointers, so no foreign-API type appears outside this class.
 */
abstract class ForeignApi {
    /** C types of the arguments and results used here (LP64: size_t is a long). */
    enum CType { POINTER, LONG, INT }

    private final ClassLoader loader;
    private final String packageName;
    /** The API's pointer carrier: MemoryAddress (17) or MemorySegment (22+). */
    final Class<?> pointer;
    /** long -> pointer carrier, and back. */
    private final MethodHandle toPointer;
    private final MethodHandle fromPointer;

    private final String symbolLookupMethod; // SymbolLookup's "lookup" (17) or "find" (22+)
    private final String layoutHolder;
    private final String[] layoutNames; // by CType ordinal

    private ForeignApi(ClassLoader loader, String packageName, String pointerType, String toPointer, String fromPointer,
                       String symbolLookupMethod, String layoutHolder, String... layoutNames)
            throws ReflectiveOperationException {
        this.loader = loader;
        this.packageName = packageName;
        this.symbolLookupMethod = symbolLookupMethod;
        this.layoutHolder = layoutHolder;
        this.layoutNames = layoutNames;
        this.pointer = type(pointerType);
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        this.toPointer = lookup.findStatic(pointer, toPointer, MethodType.methodType(pointer, long.class));
        this.fromPointer = lookup.findVirtual(pointer, fromPointer, MethodType.methodType(long.class));
    }

    /** The API of this Java bound to {@code library}, or why there is none (a sentence for the user). */
    static Object forThisJava(Path library) throws ReflectiveOperationException {
        if (ModuleLayer.boot().findModule("jdk.incubator.foreign").isPresent()) {
            return new Incubator17(library);
        }
        if (Runtime.version().feature() >= 22) {
            return new Final22(library);
        }
        return "needs Java 17 started with --add-modules jdk.incubator.foreign --enable-native-access=ALL-UNNAMED, or "
                + "Java 22 or later (bin/gh-activity passes the flags; this is Java " + Runtime.version().feature() + ")";
    }

    /** A handle for {@code symbol} of the library, or of the C library when {@code libc}; {@code result} null = void. */
    abstract MethodHandle downcall(boolean libc, String symbol, CType result, CType... args) throws ReflectiveOperationException;

    /** (long address, long size) -> a ByteBuffer over that native memory. */
    abstract MethodHandle byteBufferView() throws ReflectiveOperationException;

    final Class<?> type(String simpleName) throws ClassNotFoundException {
        return Class.forName(packageName + "." + simpleName, true, loader);
    }

    final Object invokeStatic(String type, String method) throws ReflectiveOperationException {
        return type(type).getMethod(method).invoke(null);
    }

    final Class<?> carrier(CType t) {
        return switch (t) {
            case POINTER -> pointer;
            case LONG -> long.class;
            case INT -> int.class;
        };
    }

    /** An array of the API's layout type holding the layouts of {@code args}. */
    final Object layouts(Class<?> layoutType, CType... args) throws ReflectiveOperationException {
        Object array = Array.newInstance(layoutType, args.length);
        for (int i = 0; i < args.length; i++) {
            Array.set(array, i, layout(args[i]));
        }
        return array;
    }

    /** The API's layout for {@code t}: a static field of {@code layoutHolder}, named as in {@code layoutNames}. */
    private Object layout(CType t) throws ReflectiveOperationException {
        return type(layoutHolder).getField(layoutNames[t.ordinal()]).get(null);
    }

    /** FunctionDescriptor.of(result, args) or ofVoid(args), in the API's own types. */
    final Object descriptor(CType result, CType... args) throws ReflectiveOperationException {
        Class<?> layoutType = type("MemoryLayout");
        Object argLayouts = layouts(layoutType, args);
        Class<?> descriptorType = type("FunctionDescriptor");
        return result == null
                ? descriptorType.getMethod("ofVoid", argLayouts.getClass()).invoke(null, argLayouts)
                : descriptorType.getMethod("of", layoutType, argLayouts.getClass()).invoke(null, layout(result), argLayouts);
    }

    /** The address of {@code symbol} in a SymbolLookup of this API. */
    final Object found(Object lookup, String symbol) throws ReflectiveOperationException {
        Optional<?> address = (Optional<?>) type("SymbolLookup").getMethod(symbolLookupMethod, String.class)
                .invoke(lookup, symbol);
        return address.orElseThrow(() -> new IllegalStateException("symbol " + symbol + " not found"));
    }

    /** Pointer arguments and a pointer result of {@code handle} as plain longs. */
    final MethodHandle withLongPointers(MethodHandle handle) {
        for (int i = 0; i < handle.type().parameterCount(); i++) {
            if (handle.type().parameterType(i) == pointer) {
                handle = MethodHandles.filterArguments(handle, i, toPointer);
            }
        }
        return handle.type().returnType() == pointer ? MethodHandles.filterReturnValue(handle, fromPointer) : handle;
    }

    /** (long, long) -> ByteBuffer from a (pointer, long) -> ByteBuffer-producing chain. */
    final MethodHandle fromLongAddress(MethodHandle pointerAndSizeToBuffer) {
        return MethodHandles.filterArguments(pointerAndSizeToBuffer, 0, toPointer);
    }

    /** Java 17: CLinker, MemoryAddress; the library is loaded with System.load and found by the loader lookup. */
    private static final class Incubator17 extends ForeignApi {
        private final Object linker;
        private final Object libraryLookup;
        private final Object libcLookup;

        Incubator17(Path library) throws ReflectiveOperationException {
            super(ModuleLayer.boot().findLoader("jdk.incubator.foreign"), "jdk.incubator.foreign", "MemoryAddress",
                    "ofLong", "toRawLongValue", "lookup", "CLinker", "C_POINTER", "C_LONG", "C_INT");
            System.load(library.toString());
            linker = invokeStatic("CLinker", "getInstance");
            libraryLookup = invokeStatic("SymbolLookup", "loaderLookup");
            libcLookup = invokeStatic("CLinker", "systemLookup");
        }

        @Override
        MethodHandle downcall(boolean libc, String symbol, CType result, CType... args) throws ReflectiveOperationException {
            Class<?>[] carriers = new Class<?>[args.length];
            for (int i = 0; i < args.length; i++) {
                carriers[i] = carrier(args[i]);
            }
            MethodType type = MethodType.methodType(result == null ? void.class : carrier(result), carriers);
            Object address = found(libc ? libcLookup : libraryLookup, symbol);
            MethodHandle handle = (MethodHandle) type("CLinker")
                    .getMethod("downcallHandle", type("Addressable"), MethodType.class, type("FunctionDescriptor"))
                    .invoke(linker, address, type, descriptor(result, args));
            return withLongPointers(handle);
        }

        @Override
        MethodHandle byteBufferView() throws ReflectiveOperationException {
            MethodHandles.Lookup lookup = MethodHandles.lookup(); // restricted methods need a full-privilege caller
            Class<?> scope = type("ResourceScope");
            Class<?> segment = type("MemorySegment");
            MethodHandle asSegment = lookup.findVirtual(pointer, "asSegment", MethodType.methodType(segment, long.class, scope));
            asSegment = MethodHandles.insertArguments(asSegment, 2, invokeStatic("ResourceScope", "globalScope"));
            MethodHandle asByteBuffer = lookup.findVirtual(segment, "asByteBuffer", MethodType.methodType(ByteBuffer.class));
            return fromLongAddress(MethodHandles.filterReturnValue(asSegment, asByteBuffer));
        }
    }

    /** Java 22+: Linker, MemorySegment as the pointer; the library is opened by a library lookup in the global arena. */
    private static final class Final22 extends ForeignApi {
        private final Object linker;
        private final Object libraryLookup;
        private final Object libcLookup;

        Final22(Path library) throws ReflectiveOperationException {
            super(ClassLoader.getPlatformClassLoader(), "java.lang.foreign", "MemorySegment", "ofAddress", "address", "find",
                    "ValueLayout", "ADDRESS", "JAVA_LONG", "JAVA_INT");
            Class<?> arena = type("Arena");
            linker = invokeStatic("Linker", "nativeLinker");
            libraryLookup = type("SymbolLookup").getMethod("libraryLookup", Path.class, arena)
                    .invoke(null, library, arena.getMethod("global").invoke(null));
            libcLookup = type("Linker").getMethod("defaultLookup").invoke(linker);
        }

        @Override
        MethodHandle downcall(boolean libc, String symbol, CType result, CType... args) throws ReflectiveOperationException {
            Object address = found(libc ? libcLookup : libraryLookup, symbol);
            Class<?> option = type("Linker$Option");
            MethodHandle handle = (MethodHandle) type("Linker")
                    .getMethod("downcallHandle", pointer, type("FunctionDescriptor"), option.arrayType())
                    .invoke(linker, address, descriptor(result, args), Array.newInstance(option, 0));
            return withLongPointers(handle);
        }

        @Override
        MethodHandle byteBufferView() throws ReflectiveOperationException {
            MethodHandles.Lookup lookup = MethodHandles.lookup(); // restricted methods need a full-privilege caller
            MethodHandle reinterpret = lookup.findVirtual(pointer, "reinterpret", MethodType.methodType(pointer, long.class));
            MethodHandle asByteBuffer = lookup.findVirtual(pointer, "asByteBuffer", MethodType.methodType(ByteBuffer.class));
            return fromLongAddress(MethodHandles.filterReturnValue(reinterpret, asByteBuffer));
        }
    }
}
