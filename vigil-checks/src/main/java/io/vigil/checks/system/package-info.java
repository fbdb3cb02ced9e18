/** Checks of the local machine (OSHI): CPU, load, memory, swap, disk, open files, JVM heap. */
package io.vigil.checks.system;
