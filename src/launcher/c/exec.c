/*
 * The launcher's execve (dev.claudeconnector.ExecLibrary): replaces the launcher's JVM with the
 * proxy's, keeping the process id, terminal and signals. JNI, so that Java 11+ can call it and a
 * call costs microseconds where the foreign function API's first downcall costs a tenth of a second.
 * Each argument and variable arrives as bytes in the platform's file-name encoding, without the
 * terminating NUL, which is added here.
 */
#include <jni.h>
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

static void release(char **strings) {
    if (strings != NULL) {
        for (char **s = strings; *s != NULL; s++) {
            free(*s);
        }
        free(strings);
    }
}

/* A NULL-terminated array of C strings from a Java byte[][]; NULL when memory ran out. */
static char **strings(JNIEnv *env, jobjectArray array) {
    jsize count = (*env)->GetArrayLength(env, array);
    char **out = calloc((size_t) count + 1, sizeof(char *));
    for (jsize i = 0; out != NULL && i < count; i++) {
        jbyteArray bytes = (jbyteArray) (*env)->GetObjectArrayElement(env, array, i);
        jsize length = (*env)->GetArrayLength(env, bytes);
        out[i] = malloc((size_t) length + 1);
        if (out[i] == NULL) {
            release(out);
            return NULL;
        }
        (*env)->GetByteArrayRegion(env, bytes, 0, length, (jbyte *) out[i]);
        out[i][length] = '\0';
        (*env)->DeleteLocalRef(env, bytes);
    }
    return out;
}

/* Returns only when execve failed: its errno (ENOMEM when the arguments could not be copied). */
JNIEXPORT jint JNICALL Java_dev_claudeconnector_ExecLibrary_execve(JNIEnv *env, jclass type, jobjectArray argv,
        jobjectArray envp) {
    char **arguments = strings(env, argv);
    char **variables = strings(env, envp);
    int failure = ENOMEM;
    if (arguments != NULL && variables != NULL && arguments[0] != NULL) {
        execve(arguments[0], arguments, variables);
        failure = errno;
    }
    release(arguments);
    release(variables);
    return failure;
}
