/**
 * The guest image pipeline: pull, verify per policy (on every use), decrypt through the
 * confidential data hub, unpack into a runtime bundle. Entry point: {@link
 * dev.claviger.image.pipeline.GuestImagePipeline}.
 */
package dev.claviger.image.pipeline;
