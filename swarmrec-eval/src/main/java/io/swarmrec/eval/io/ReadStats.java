package io.swarmrec.eval.io;

/**
 * What reading one file found.
 *
 * @param format the format the file was read as (never {@link DatasetFormat#AUTO})
 * @param lines lines read, blank ones and the header included
 * @param events events delivered
 * @param belowThreshold events dropped by the rating threshold
 */
public record ReadStats(DatasetFormat format, long lines, long events, long belowThreshold) {}
