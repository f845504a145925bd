/**
 * Configuration: the node's and the collector's YAML files, read strictly (unknown keys and wrong types are errors
 * naming the file and line), and the resolution of settings into core requests
 * ({@link io.kaizen.backup.config.NodeSettings}, {@link io.kaizen.backup.config.CollectorSettings}): what the
 * caller gave wins over the file, which wins over the defaults, each default defined once. Errors name settings as
 * the files spell them ({@code keep-days}), never a front end's options. Nothing here touches the store.
 */
package io.kaizen.backup.config;
